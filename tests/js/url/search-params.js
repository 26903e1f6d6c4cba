// URLSearchParams: parsing, serialisation, mutation, iteration, and the link to URL.search.
const p = new URLSearchParams("?a=1&b=2&a=3&c=%20x+y&d&=e&f=%zz&g=%E2%82%AC");
console.log(p.get("a"), p.getAll("a"), p.get("c"), JSON.stringify(p.get("d")), p.get("missing"), p.get(""), p.get("f"), p.get("g"), p.size);
console.log(p.has("a"), p.has("a", "3"), p.has("a", "9"), [...p.keys()], [...p.values()].length);
console.log(p.toString());
p.append("n", "v w&=€");
p.set("a", "only");
p.delete("b");
p.delete("c", "nomatch");
console.log(p.toString(), [...p].length);
p.sort();
console.log(p.toString());
console.log(new URLSearchParams({ x: 1, y: "two" }).toString(), new URLSearchParams([["k", "v"], ["k", "w"]]).toString(), new URLSearchParams(new Map([["m", "1"]])).toString());
console.log(new URLSearchParams("a=1&b=2"));
console.log(new URLSearchParams(), new URLSearchParams("").size);
const entries = [];
new URLSearchParams("z=1&y=2").forEach((v, k, self) => entries.push(`${k}=${v}:${self instanceof URLSearchParams}`));
console.log(entries, Object.prototype.toString.call(new URLSearchParams()));
try { new URLSearchParams([["a"]]); } catch (e) { console.log(e.name, e.code, e.message); }
const u = new URL("http://h.test/?a=1");
u.searchParams.append("b", "x y");
console.log(u.href, u.search);
u.search = "?c=3";
console.log(u.searchParams.get("c"), u.searchParams.get("a"), u.searchParams === u.searchParams);
u.searchParams.delete("c");
console.log(u.href);
console.log(new URLSearchParams("a=b~c*d-e.f_g!h'i(j)k").toString(), new URLSearchParams({ "a b": "c+d" }).toString());
