// Makes the test server answer requests on documents as Cosmos DB does. Must be required after
// memoize-sql-parser.js and before @vercel/cosmosdb-server. Unpatched, the server files a document
// under the first component of a hierarchical partition key only, crashes into a 500 on a point read
// of a missing id, and refuses a query under a key prefix. Cosmos DB:
// - addresses an item by its full partition key and id, so an item that is not under the full key a
//   request names (missing, or another user's) is 404;
// - answers a request on documents of a missing database or container with 404 and sub-status 1003
//   ("owner resource does not exist"), which tells it apart from a missing item;
// - runs a query the SDK sends to one partition key range, as it does for a query under a key prefix
//   (a tenant's partitions); the server wants every key path in the query text unless the query is
//   marked cross-partition, and since the text filters on the prefix, that gives the same items;
// - evaluates a patch's condition (the SDK's FilterPredicate) against the addressed document with its
//   text as sent (the server lowercases it, string literals included); a false condition is 412.
"use strict";
const createQuery = require("@zeit/cosmosdb-query").default;
const routes = require("@vercel/cosmosdb-server/lib/routes.js");
const patches = require("@vercel/cosmosdb-server/lib/handler/_patch-operations.js");
const { parsePartitionKey } = require("@vercel/cosmosdb-server/lib/utils/get-partition-from-header.js");

const OWNER_RESOURCE_NOT_FOUND = 1003;
const documentsPath = /^\/+dbs\/[^/]+\/colls\/[^/]+\/docs(\/|$)/;

function notFound(res, subStatus) {
  res.statusCode = 404;
  if (subStatus) {
    res.setHeader("x-ms-substatus", String(subStatus));
  }
  return { code: "NotFound", message: "Entity with the specified id does not exist in the system." };
}

function valueAt(document, path) {
  return path.slice(1).split("/").reduce((value, name) => (value == null ? undefined : value[name]), document);
}

function partitionKey(req) {
  return JSON.parse(req.headers["x-ms-documentdb-partitionkey"] ?? "[]");
}

/** Whether the document with this id lies under every component of the request's partition key. */
function isUnderFullKey(collection, paths, docId, req) {
  const key = partitionKey(req);
  const document = collection.document(docId, key[0]).read();
  return document !== undefined && paths.every((path, i) => valueAt(document, path) === key[i]);
}

/** A query the SDK sent to one partition key range, as it fans out a query under a key prefix. */
function isRangeQuery(req) {
  const isQuery = req.method === "POST"
    && ((req.headers["x-ms-documentdb-isquery"] ?? "").toLowerCase() === "true" || req.headers["content-type"] === "application/query+json");
  return isQuery && req.headers["x-ms-documentdb-partitionkeyrangeid"] !== undefined && partitionKey(req).length === 0;
}

const route = routes.default;
routes.default = (req) => {
  const found = route(req);
  if (!found || !documentsPath.test(req.url)) {
    return found;
  }

  const [params, handler] = found;
  return [params, (account, request, res, p) => {
    const collection = account.database(p.dbId).collection(p.collId);
    const properties = collection.read();
    if (!properties) {
      return notFound(res, OWNER_RESOURCE_NOT_FOUND);
    }

    const paths = properties.partitionKey?.paths ?? [];
    if (p.docId !== undefined && !isUnderFullKey(collection, paths, p.docId, request)) {
      return notFound(res);
    }

    if (isRangeQuery(request)) {
      request.headers["x-ms-documentdb-query-enablecrosspartition"] = "true";
    }

    return handler(account, request, res, p);
  }];
};

const patch = patches.patchOperation;
patches.patchOperation = (collection, input) => {
  if (input.condition) {
    const document = collection.document(input.id, parsePartitionKey(input.partitionKey, input.id)).read();
    const { result } = createQuery(`SELECT * ${input.condition}`).exec([document]);
    if (result.length === 0) {
      return { statusCode: 412, body: { code: "PreconditionFailed", message: "Condition specified in the patch request is not satisfied." } };
    }
  }

  return patch(collection, { ...input, condition: undefined });
};
