// Starts the Cosmos DB protocol server on loopback for the tests: node start.js <port>
// Prints "listening <port>" once it accepts connections; exits when stdin closes, so a test
// process that dies cannot leave the server behind.
require("./memoize-sql-parser");
const { createHttpServer } = require("@vercel/cosmosdb-server");

const port = Number.parseInt(process.argv[2] ?? "0", 10);
const server = createHttpServer();
server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
