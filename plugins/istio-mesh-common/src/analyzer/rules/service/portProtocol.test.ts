import { servicePortProtocol } from './portProtocol';

describe('servicePortProtocol', () => {
  it.each([
    [{ port: 80, name: 'http' }, 'HTTP'],
    [{ port: 80, name: 'HTTP2-web' }, 'HTTP2'],
    [{ port: 80, name: 'grpc-web' }, 'GRPC-Web'],
    [{ port: 80, name: 'GRPC-Web-ui' }, 'GRPC-Web'],
    [{ port: 80, name: 'grpc-api' }, 'GRPC'],
    [{ port: 80, name: 'tcp' }, 'TCP'],
    [{ port: 80, name: 'httpforecast' }, 'UnsupportedProtocol'],
    [{ port: 80, name: 'constructor' }, 'UnsupportedProtocol'],
    [{ port: 80 }, 'UnsupportedProtocol'],
    [{ port: 80, name: 'dns', protocol: 'UDP' }, 'UDP'],
    [{ port: 80, name: 'web', appProtocol: 'https' }, 'HTTPS'],
    [{ port: 80, name: 'http', appProtocol: 'custom' }, 'UnsupportedProtocol'],
    [{ port: 80, name: 'web', appProtocol: 'kubernetes.io/h2c' }, 'HTTP2'],
    [{ port: 80, name: 'web', appProtocol: 'kubernetes.io/ws' }, 'HTTP'],
    [{ port: 80, name: 'web', appProtocol: 'kubernetes.io/wss' }, 'HTTPS'],
    [{ port: 3306, name: 'db' }, 'TCP'],
    [{ port: 27017 }, 'TCP'],
    [{ port: 25, name: 'http' }, 'HTTP'],
  ] as const)('%o is %s', (port, expected) => {
    expect(servicePortProtocol(port)).toBe(expected);
  });
});
