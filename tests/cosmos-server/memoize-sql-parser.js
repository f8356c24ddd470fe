// Loads the test server's SQL parser (a PEG.js parser generated without its result cache) with a
// per-parse memo of every rule's result at every input position, i.e. what PEG.js emits with
// `cache: true`. Without it the parser backtracks exponentially on nested parentheses, and the
// Cosmos SDK parenthesises every condition when it rewrites a cross-partition ORDER BY query, so a
// tenant-wide keyset page took seconds to parse. Memoising a PEG changes how long parsing takes,
// not what it returns. Must be required before @vercel/cosmosdb-server.
"use strict";
const fs = require("fs");
const path = require("path");
const Module = require("module");

const parserPath = require.resolve("@zeit/cosmosdb-query/lib/parser.js");
let source = fs.readFileSync(parserPath, "utf8");

const entry = "function peg$parse(input, options) {";
const rule = /function (peg\$parse\w+)\(\) \{/g;
const rules = [...source.matchAll(rule)].map((m) => m[1]);
if (!source.includes(entry) || rules.length === 0) {
  // A different parser than the pinned one: fail loudly rather than run the tests on an unknown build.
  throw new Error(`Unexpected SQL parser layout in ${parserPath}; update memoize-sql-parser.js.`);
}

source = source.replace(entry, `${entry}\n  var peg$memo = new Map();`);
source = source.replace(rule, (_, name) => {
  const index = rules.indexOf(name);
  return `function ${name}() {
    var key = peg$currPos * ${rules.length} + ${index}, hit = peg$memo.get(key);
    if (hit !== undefined) { peg$currPos = hit.next; return hit.result; }
    var result = ${name}$unmemoized();
    peg$memo.set(key, { next: peg$currPos, result: result });
    return result;
  }
  function ${name}$unmemoized() {`;
});

const parser = new Module(parserPath, module);
parser.filename = parserPath;
parser.paths = Module._nodeModulePaths(path.dirname(parserPath));
parser._compile(source, parserPath);
parser.loaded = true;
require.cache[parserPath] = parser;
