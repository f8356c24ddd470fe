// Starts Azurite's Table service in memory on 127.0.0.1:<port> (the first argument; 0 lets the system
// pick a free one), prints "listening <port>" once it accepts connections, and exits when the test
// process closes standard input, so a test run that is killed leaves no server behind.
const net = require('net');
const port = process.argv[2] ?? '0';

// Azurite reports the port it was asked for, not the one it got: report the one it listens on.
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  this.once('listening', () => process.stdout.write(`listening ${this.address().port}\n`));
  return listen.apply(this, args);
};

process.argv = [process.argv[0], 'azurite-table',
  '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck', '--silent',
  '--tableHost', '127.0.0.1', '--tablePort', port];
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
require('azurite/dist/src/table/main.js');
