// Makes the test server serve an ORDER BY from a composite index as Cosmos DB does: from the index
// declared with exactly the ORDER BY's paths and directions, or with every direction the opposite.
// Unpatched, the server accepts only the exact directions, so a container would have to declare each
// composite index twice, which Cosmos DB does not need and which costs index terms on every write.
// Must be required before @vercel/cosmosdb-server.
"use strict";
const helpers = require("@zeit/cosmosdb-query/lib/helpers.js");

const flip = { ascending: "descending", descending: "ascending" };
const sort = helpers.sort;
helpers.sort = (collection, getRid, compositeIndexes, ...orders) => {
  const bothWays = compositeIndexes
    ? [...compositeIndexes, ...compositeIndexes.map((index) => index.map((path) => ({ ...path, order: flip[path.order ?? "ascending"] })))]
    : compositeIndexes;
  return sort(collection, getRid, bothWays, ...orders);
};
