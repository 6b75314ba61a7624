using Bridge.Testing.Aws.DynamoDb;

// One DynamoDB Local process serves every test class of this assembly.
[assembly: AssemblyFixture(typeof(DynamoDbLocalFixture))]
