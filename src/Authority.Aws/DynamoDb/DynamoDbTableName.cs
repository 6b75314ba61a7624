namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>DynamoDB's table-name rule: 3 to 255 characters of <c>[A-Za-z0-9_.-]</c>.</summary>
internal static class DynamoDbTableName
{
    public static void Check(string? tableName, string settingName, List<string> errors)
    {
        if (string.IsNullOrEmpty(tableName))
        {
            errors.Add($"{settingName}: the DynamoDB table name is required.");
        }
        else if (tableName.Length is < 3 or > 255 || !tableName.All(IsTableNameChar))
        {
            errors.Add($"{settingName}: a DynamoDB table name has 3 to 255 characters of A-Z, a-z, 0-9, '_', '-', '.'.");
        }
    }

    private static bool IsTableNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';
}
