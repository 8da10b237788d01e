import { expect } from '@open-wc/testing';
import { socketUrlFor } from './socket-url.js';

describe('default socket URL', () => {
  it('is the /termplex path on the host that served the bundle, ws for http and wss for https', () => {
    expect(socketUrlFor('http://127.0.0.1:7681/termplex.js')).to.equal('ws://127.0.0.1:7681/termplex');
    expect(socketUrlFor('https://example.com/assets/termplex.js?v=2')).to.equal('wss://example.com/termplex');
  });
});
