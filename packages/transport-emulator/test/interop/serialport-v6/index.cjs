// The two serialport 6 calls openevse@1.0.1 makes, `new SerialPort(path, { baudRate })` and
// `SerialPort.parsers.Readline`, mapped onto serialport 13 (the project's pinned version,
// found by walking up to packages/transport-emulator/node_modules). Bytes are not touched.
const { SerialPort, ReadlineParser } = require('serialport');

class SerialPortV6 extends SerialPort {
  constructor(path, options = {}) {
    super({ path, baudRate: options.baudRate ?? 9600 });
  }
}
SerialPortV6.parsers = { Readline: ReadlineParser };

module.exports = SerialPortV6;
