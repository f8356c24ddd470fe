// Starts Azurite's Table service in memory on 127.0.0.1:<port> (the first argument) and exits when the
// test process closes standard input, so a test run that is killed leaves no server behind.
const port = process.argv[2];
process.argv = [process.argv[0], 'azurite-table',
  '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck', '--silent',
  '--tableHost', '127.0.0.1', '--tablePort', port];
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
require('azurite/dist/src/table/main.js');
