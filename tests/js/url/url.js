// WHATWG URL: parsing (Node's own parser, Ada), components, setters, errors, inspection.
const u = new URL("https://user:pa ss@EXAMPLE.com:443/a/../b/./c?x=1&y=%20#frag");
console.log(u.href, u.origin, u.protocol, u.username, u.password, u.host, u.hostname, JSON.stringify(u.port), u.pathname, u.search, u.hash);
console.log(String(u), u.toString() === u.href, u.toJSON(), JSON.stringify({ u }));
console.log(u);
console.log(new URL("../d?q#h", "http://h.test/a/b/c").href, new URL("//other.test/p", "https://h.test").href, new URL("?q", new URL("http://h/p")).href);
console.log(new URL("HTTP://[::1]:8080/").host, new URL("http://0x7f.1/").hostname, new URL("http://bücher.de/").hostname, new URL("file:///tmp/a b").href);
console.log(new URL("mailto:someone@example.com").pathname, new URL("blob:https://a.test/uuid").origin, new URL("data:text/plain,hi").origin);
for (const bad of ["foo", "http://", "http://a b/", "", "https://[::1/"]) {
  try {
    new URL(bad);
    console.log("parsed", bad);
  } catch (e) {
    console.log(e.name, e.code, e.message, JSON.stringify(e.input), e.base);
  }
}
try { new URL("x", "not a base"); } catch (e) { console.log(e.code, e.message, e.input, e.base); }
try { new URL(); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(URL.canParse("https://a"), URL.canParse("nope"), URL.canParse("p", "http://a"));
const s = new URL("http://a.test/path");
s.protocol = "https";
s.username = "me";
s.password = "pw";
s.hostname = "b.test";
s.port = "8443";
s.pathname = "/x y";
s.search = "q=1 2";
s.hash = "top";
console.log(s.href);
s.port = "443";
s.host = "c.test:81";
console.log(s.href, s.port);
s.port = "bad";
s.protocol = "not a scheme!";
s.host = "bad host";
console.log(s.href);
s.search = "";
s.hash = "";
console.log(s.href);
s.href = "http://new.test/";
console.log(s.href, s.searchParams.toString());
try { s.href = "nope"; } catch (e) { console.log(e.name, e.code, e.message); }
console.log(s.href, s instanceof URL, Object.prototype.toString.call(s), typeof URL.createObjectURL);
const { URL: U2, URLSearchParams: P2, fileURLToPath, pathToFileURL, domainToASCII, domainToUnicode } = require("url");
console.log(U2 === URL, P2 === URLSearchParams, require("node:url").URL === URL);
console.log(fileURLToPath("file:///tmp/a%20b/c.txt"), fileURLToPath(new URL("file:///x")), pathToFileURL("/tmp/a b#?.txt").href);
try { fileURLToPath("http://x/"); } catch (e) { console.log(e.name, e.code, e.message); }
try { fileURLToPath("file://host/x"); } catch (e) { console.log(e.name, e.code, e.message); }
try { fileURLToPath("file:///a%2fb"); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(domainToASCII("español.com"), domainToUnicode("xn--espaol-zwa.com"), JSON.stringify(domainToASCII("xn--iñvalid.com")));
