import { serveFolder } from './static-server.mjs';
const s = await serveFolder(process.argv[2]);
console.log(s.url);
