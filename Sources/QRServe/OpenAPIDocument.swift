/// `GET /api/openapi.json`: the API described in OpenAPI 3.1. The tests keep it true:
/// schemathesis calls every operation with generated input and checks each answer
/// against it.
enum OpenAPIDocument {
    static let text = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "qrbuild API",
        "version": "1.0.0",
        "description": "Dynamic QR codes over a manifest in git: create, list, read, update destination, analytics, printable image; static renders. Every operation takes a Bearer API key made with `qrbuild keys create`."
      },
      "servers": [{ "url": "/" }],
      "security": [{ "bearer": [] }],
      "paths": {
        "/api/qr/codes": {
          "get": {
            "operationId": "listCodes",
            "summary": "List codes, a page at a time",
            "parameters": [
              { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 100, "default": 25 } },
              { "name": "cursor", "in": "query", "schema": { "type": "string", "pattern": "^[0-9]+$" } },
              { "name": "type", "in": "query", "schema": { "$ref": "#/components/schemas/DataType" } },
              { "name": "status", "in": "query", "schema": { "$ref": "#/components/schemas/Status" } }
            ],
            "responses": {
              "200": { "description": "A page of codes", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CodePage" } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/Problem" }
            }
          },
          "post": {
            "operationId": "createCode",
            "summary": "Create a dynamic code (added to the manifest, then built)",
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewCode" } } } },
            "responses": {
              "201": { "description": "The new code", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Code" } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Problem" },
              "409": { "$ref": "#/components/responses/Problem" },
              "413": { "$ref": "#/components/responses/Problem" },
              "415": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/qr/codes/bulk": {
          "post": {
            "operationId": "createBulk",
            "summary": "Create up to 1,000 codes at once (all or none); their images are drawn by a job",
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "array", "minItems": 1, "maxItems": 1000, "items": { "$ref": "#/components/schemas/NewCode" } } } } },
            "responses": {
              "202": { "description": "The job", "content": { "application/json": { "schema": { "type": "object", "required": ["bulkId"], "properties": { "bulkId": { "type": "string" } } } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Problem" },
              "409": { "$ref": "#/components/responses/Problem" },
              "413": { "$ref": "#/components/responses/Problem" },
              "415": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/qr/codes/bulk/{bulkId}": {
          "parameters": [{ "name": "bulkId", "in": "path", "required": true, "schema": { "type": "string" } }],
          "get": {
            "operationId": "getBulk",
            "summary": "A bulk job's progress",
            "responses": {
              "200": { "description": "The job", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/BulkJob" } } } },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Problem" },
              "404": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/qr/codes/bulk/{bulkId}/result": {
          "parameters": [{ "name": "bulkId", "in": "path", "required": true, "schema": { "type": "string" } }],
          "get": {
            "operationId": "getBulkResult",
            "summary": "The zip of the images and index.csv, once",
            "responses": {
              "200": { "description": "The zip", "content": { "application/zip": { "schema": { "type": "string", "contentEncoding": "binary" } } } },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Problem" },
              "404": { "$ref": "#/components/responses/Problem" },
              "409": { "$ref": "#/components/responses/Problem" },
              "410": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/qr/codes/{id}": {
          "parameters": [{ "$ref": "#/components/parameters/Id" }],
          "get": {
            "operationId": "getCode",
            "summary": "One code",
            "responses": {
              "200": { "description": "The code", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Code" } } } },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Problem" },
              "404": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/Problem" }
            }
          },
          "put": {
            "operationId": "updateDestination",
            "summary": "Change a dynamic url code's destination (its image stays)",
            "requestBody": {
              "required": true,
              "content": { "application/json": { "schema": {
                "type": "object", "required": ["destination"], "additionalProperties": false,
                "properties": { "destination": { "type": "string", "description": "An http or https URL." } }
              } } }
            },
            "responses": {
              "200": { "description": "The code, changed", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Code" } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Problem" },
              "404": { "$ref": "#/components/responses/Problem" },
              "409": { "$ref": "#/components/responses/Problem" },
              "413": { "$ref": "#/components/responses/Problem" },
              "415": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/qr/codes/{id}/analytics": {
          "parameters": [{ "$ref": "#/components/parameters/Id" }],
          "get": {
            "operationId": "getAnalytics",
            "summary": "Scans per day, country, device, system, browser, referrer, hour and city",
            "parameters": [{ "name": "days", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 90, "default": 30 } }],
            "responses": {
              "200": { "description": "The code's numbers (zero-filled before its first scan)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Analytics" } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Problem" },
              "404": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/qr/codes/{id}/image": {
          "parameters": [{ "$ref": "#/components/parameters/Id" }],
          "get": {
            "operationId": "getImage",
            "summary": "The printable image, in the format the code was created with",
            "parameters": [{ "name": "If-None-Match", "in": "header", "schema": { "type": "string" } }],
            "responses": {
              "200": {
                "description": "The image",
                "headers": { "ETag": { "schema": { "type": "string" } } },
                "content": {
                  "image/png": { "schema": { "type": "string", "contentEncoding": "binary" } },
                  "image/svg+xml": { "schema": { "type": "string" } },
                  "application/pdf": { "schema": { "type": "string", "contentEncoding": "binary" } },
                  "application/postscript": { "schema": { "type": "string" } }
                }
              },
              "304": { "description": "Not modified (the ETag matched)" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Problem" },
              "404": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/qr/static": {
          "post": {
            "operationId": "renderStatic",
            "summary": "Render a static code; nothing is stored",
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/StaticRequest" } } } },
            "responses": {
              "200": { "description": "The image, inline", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/StaticResult" } } } },
              "400": { "$ref": "#/components/responses/Problem" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Problem" },
              "413": { "$ref": "#/components/responses/Problem" },
              "415": { "$ref": "#/components/responses/Problem" },
              "429": { "$ref": "#/components/responses/Problem" }
            }
          }
        },
        "/api/openapi.json": {
          "get": {
            "operationId": "openapi",
            "summary": "This document",
            "security": [],
            "responses": { "200": { "description": "The OpenAPI document", "content": { "application/json": { "schema": { "type": "object" } } } } }
          }
        }
      },
      "components": {
        "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer", "description": "qrb_live_ and 38 characters, from qrbuild keys create" } },
        "parameters": {
          "Id": { "name": "id", "in": "path", "required": true, "schema": { "type": "string", "minLength": 1 }, "description": "The code's id (any case)" }
        },
        "responses": {
          "Problem": { "description": "A problem (RFC 9457)", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
          "Unauthorized": {
            "description": "No key, or a malformed, unknown, revoked or expired one",
            "headers": { "WWW-Authenticate": { "schema": { "type": "string" } } },
            "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
          }
        },
        "schemas": {
          "DataType": { "type": "string", "enum": ["url", "text", "email", "wifi", "vcard", "sms", "phone", "geo"] },
          "Status": { "type": "string", "enum": ["active", "inactive"] },
          "ReturnType": { "type": "string", "enum": ["png", "svg", "pdf", "eps"] },
          "Code": {
            "type": "object",
            "required": ["id", "type", "dataType", "destination", "redirectUrl", "status", "encrypted", "secure", "createdAt", "updatedAt"],
            "properties": {
              "id": { "type": ["string", "null"] },
              "type": { "type": "string", "enum": ["dynamic", "static"] },
              "dataType": { "$ref": "#/components/schemas/DataType" },
              "destination": { "type": ["string", "null"], "description": "null for password-protected codes" },
              "redirectUrl": { "type": ["string", "null"] },
              "status": { "$ref": "#/components/schemas/Status" },
              "encrypted": { "type": "boolean" },
              "secure": { "type": "array", "items": { "type": "string", "enum": ["locked", "password", "encrypted"] } },
              "createdAt": { "type": ["string", "null"], "description": "When the code was first published; null for a static code never built" },
              "updatedAt": { "type": ["string", "null"] },
              "name": { "type": ["string", "null"] },
              "tags": { "type": "array", "items": { "type": "string" } },
              "image": { "type": "string" },
              "images": { "type": "array", "items": { "type": "string" } },
              "rules": { "description": "Tried in order, first match wins (see the README's smart redirects)", "type": "array",
                "items": { "type": "object", "required": ["when", "to"], "properties": { "when": { "type": "object" }, "to": { "type": "string" } } } },
              "split": { "type": "array", "items": { "type": "object", "required": ["to", "weight"],
                "properties": { "to": { "type": "string" }, "weight": { "type": "number" } } } },
              "schedule": { "type": "object", "properties": { "from": { "type": "string" }, "until": { "type": "string" },
                "before": { "type": "string" }, "after": { "type": "string" } } },
              "utm": { "type": "object", "additionalProperties": { "type": "string" } }
            }
          },
          "CodePage": {
            "type": "object",
            "required": ["data", "pagination"],
            "properties": {
              "data": { "type": "array", "items": { "$ref": "#/components/schemas/Code" } },
              "pagination": {
                "type": "object",
                "required": ["total", "limit", "cursor", "nextCursor"],
                "properties": {
                  "total": { "type": "integer", "minimum": 0 },
                  "limit": { "type": "integer", "minimum": 1, "maximum": 100 },
                  "cursor": { "type": "string" },
                  "nextCursor": { "type": ["string", "null"] }
                }
              }
            }
          },
          "NewCode": {
            "type": "object",
            "required": ["data"],
            "additionalProperties": false,
            "properties": {
              "data": { "description": "A URL or text; a JSON object of fields for email, vcard, sms, phone and geo", "type": ["string", "object"] },
              "dataType": { "$ref": "#/components/schemas/DataType" },
              "returnType": { "$ref": "#/components/schemas/ReturnType" },
              "style": { "type": "object", "description": "The manifest's style keys (see qrbuild schema)" },
              "name": { "type": "string" },
              "tags": { "type": "array", "items": { "type": "string" } },
              "type": { "type": "string", "enum": ["dynamic"] }
            }
          },
          "Analytics": {
            "type": "object",
            "required": ["id", "days", "total", "unique", "series", "countries", "devices", "os", "browsers", "referrers", "hours", "cities", "rules"],
            "properties": {
              "id": { "type": "string" },
              "days": { "type": "integer" },
              "total": { "type": "integer" },
              "unique": { "type": "integer" },
              "series": { "type": "array", "items": { "type": "object", "required": ["date", "scans", "unique"],
                "properties": { "date": { "type": "string" }, "scans": { "type": "integer" }, "unique": { "type": "integer" } } } },
              "countries": { "$ref": "#/components/schemas/Counts" },
              "devices": { "$ref": "#/components/schemas/Counts" },
              "os": { "$ref": "#/components/schemas/Counts" },
              "browsers": { "$ref": "#/components/schemas/Counts" },
              "referrers": { "$ref": "#/components/schemas/Counts" },
              "hours": { "$ref": "#/components/schemas/Counts" },
              "cities": { "$ref": "#/components/schemas/Counts" },
              "rules": { "description": "Scans per route of a code with rules, a split or a schedule: r1… a rule, v1… a variant, b/a before/after the schedule, d the data",
                "type": "array", "items": { "type": "object", "required": ["rule", "scans", "to"],
                "properties": { "rule": { "type": "string" }, "scans": { "type": "integer" }, "to": { "type": ["string", "null"] } } } }
            }
          },
          "BulkJob": {
            "type": "object",
            "required": ["bulkId", "status", "total", "done", "errors"],
            "properties": {
              "bulkId": { "type": "string" },
              "status": { "type": "string", "enum": ["queued", "running", "done", "failed"] },
              "total": { "type": "integer" },
              "done": { "type": "integer" },
              "errors": { "type": "array", "items": { "type": "string" } }
            }
          },
          "Counts": { "type": "array", "items": { "type": "object", "required": ["scans"], "properties": { "scans": { "type": "integer" } } } },
          "StaticRequest": {
            "type": "object",
            "required": ["data"],
            "additionalProperties": false,
            "properties": {
              "data": { "type": ["string", "object"] },
              "dataType": { "$ref": "#/components/schemas/DataType" },
              "returnType": { "$ref": "#/components/schemas/ReturnType" },
              "style": { "type": "object" }
            }
          },
          "StaticResult": {
            "type": "object",
            "required": ["type", "dataType", "format", "image"],
            "properties": {
              "type": { "const": "static" },
              "dataType": { "type": "string" },
              "format": { "$ref": "#/components/schemas/ReturnType" },
              "image": { "type": "string", "description": "SVG text, or a data: URI" }
            }
          },
          "Problem": {
            "type": "object",
            "required": ["type", "title", "status", "detail"],
            "properties": {
              "type": { "type": "string" },
              "title": { "type": "string" },
              "status": { "type": "integer" },
              "detail": { "type": "string" },
              "errors": { "type": "array", "items": { "type": "object", "required": ["pointer", "detail"],
                "properties": { "pointer": { "type": "string" }, "detail": { "type": "string" } } } }
            }
          }
        }
      }
    }
    """#
}
