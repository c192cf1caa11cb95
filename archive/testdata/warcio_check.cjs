// Reads a WARC file with Webrecorder's warcio (WARCParser) and prints one line per record:
//   <type> <target-uri> offset=<n> length=<n> status=<http status|-> payload=<ok|bad|-> bytes=<payload length>
// Run by archive's TestWARCReadByWarcio with NODE_PATH pointing at a node_modules holding warcio@2.
const fs = require("fs");
const crypto = require("crypto");
const { WARCParser } = require("warcio");

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function base32(buf) {
  let bits = 0, value = 0, out = "";
  for (const b of buf) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  while (out.length % 8) out += "=";
  return out;
}
function sha1(buf) {
  return "sha1:" + base32(crypto.createHash("sha1").update(buf).digest());
}

async function main() {
  const parser = new WARCParser(fs.createReadStream(process.argv[2]));
  for await (const record of parser) {
    const type = record.warcType;
    const uri = record.warcTargetURI || "-";
    const content = await record.readFully(false);
    let status = "-", check = "-";
    if (record.httpHeaders && record.httpHeaders.statusCode) status = String(record.httpHeaders.statusCode);
    const want = record.warcHeaders.headers.get("WARC-Payload-Digest");
    if (type === "response" && want) check = sha1(content) === want ? "ok" : "bad";
    if (type === "warcinfo") {
      check = sha1(content) === record.warcHeaders.headers.get("WARC-Block-Digest") ? "ok" : "bad";
    }
    console.log(`${type} ${uri} offset=${parser.offset} length=${parser.recordLength} status=${status} payload=${check} bytes=${content.length}`);
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
