// An independent Workload API client: grpc-js and proto-loader (no Bridge code) loading the agent's proto file, the way
// a workload written in Node would. Usage: node workload-client.mjs <proto file> <unix:///socket/path>
// Prints one JSON object: what a call without the security header got, the first FetchX509SVID response, and a
// FetchJWTSVID + ValidateJWTSVID round trip.
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const [protoFile, address] = process.argv.slice(2);
const definition = protoLoader.loadSync(protoFile, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
const { SpiffeWorkloadAPI } = grpc.loadPackageDefinition(definition);
const client = new SpiffeWorkloadAPI(address, grpc.credentials.createInsecure());

const withHeader = () => {
  const metadata = new grpc.Metadata();
  metadata.set('workload.spiffe.io', 'true');
  return metadata;
};

const firstOf = (call) => new Promise((resolve, reject) => {
  call.on('data', (message) => { resolve(message); call.cancel(); });
  call.on('error', (error) => { if (error.code !== grpc.status.CANCELLED) reject(error); });
});

const unary = (method, request, metadata) => new Promise((resolve, reject) =>
  client[method](request, metadata, (error, response) => (error ? reject(error) : resolve(response))));

const result = {};
try {
  await firstOf(client.FetchX509SVID({}, new grpc.Metadata()));
  result.withoutHeader = 'OK';
} catch (error) {
  result.withoutHeader = grpc.status[error.code];
}

const x509 = await firstOf(client.FetchX509SVID({}, withHeader()));
result.x509 = x509.svids.map((svid) => ({
  spiffe_id: svid.spiffe_id,
  hint: svid.hint,
  x509_svid: Buffer.from(svid.x509_svid).toString('base64'),
  x509_svid_key: Buffer.from(svid.x509_svid_key).toString('base64'),
  bundle: Buffer.from(svid.bundle).toString('base64'),
}));

const jwt = await unary('FetchJWTSVID', { audience: ['node-test'] }, withHeader());
const validated = await unary('ValidateJWTSVID', { audience: 'node-test', svid: jwt.svids[0].svid }, withHeader());
result.jwt = { spiffe_id: jwt.svids[0].spiffe_id, validated_spiffe_id: validated.spiffe_id, sub: validated.claims.fields.sub.string_value ?? validated.claims.fields.sub.stringValue };

client.close();
process.stdout.write(JSON.stringify(result));
