use super::*;
use std::path::PathBuf;
use std::sync::Arc;

#[test]
fn a_swagger_document_becomes_openapi_3() {
    let doc = json!({
        "swagger": "2.0", "info": {"title": "t", "version": "1"},
        "host": "example.com", "basePath": "/v1", "schemes": ["http", "https"],
        "consumes": ["application/json"], "produces": ["application/json"],
        "parameters": {"limit": {"name": "limit", "in": "query", "type": "integer"},
                       "thing": {"name": "thing", "in": "body", "schema": {"$ref": "#/definitions/Thing"}}},
        "paths": {"/things/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": true, "type": "string"}],
            "put": {"operationId": "put",
                "parameters": [{"$ref": "#/parameters/limit"}, {"$ref": "#/parameters/thing"},
                               {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"}],
                "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Thing"}}}},
            "post": {"consumes": ["multipart/form-data"],
                "parameters": [{"name": "file", "in": "formData", "type": "file", "required": true}],
                "responses": {"204": {"description": "none"}}}}},
        "definitions": {"Thing": {"type": "object", "properties": {"a": {"type": "string", "x-nullable": true}}}}
    });
    let root = Location::root(Arc::new(PathBuf::from("s.yaml")));
    let (v, origins) = convert(doc, &root, &mut Vec::new());
    assert_eq!(v["openapi"], "3.0.3");
    assert_eq!(v["servers"][0]["url"], "https://example.com/v1");
    assert_eq!(
        v["components"]["schemas"]["Thing"]["properties"]["a"]["x-nullable"],
        true
    );
    assert_eq!(
        v["components"]["parameters"]["limit"]["schema"],
        json!({"type": "integer"})
    );
    let put = &v["paths"]["/things/{id}"]["put"];
    assert_eq!(
        put["parameters"][0],
        json!({"$ref": "#/components/parameters/limit"})
    );
    assert_eq!(put["parameters"][1]["explode"], true);
    assert_eq!(
        put["requestBody"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Thing"})
    );
    assert_eq!(
        put["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Thing"})
    );
    let post = &v["paths"]["/things/{id}"]["post"];
    assert_eq!(
        post["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]["file"],
        json!({"type": "string", "format": "binary"})
    );
    assert_eq!(
        v["paths"]["/things/{id}"]["parameters"][0]["schema"],
        json!({"type": "string"})
    );
    // Diagnostics find the Swagger pointers again.
    assert_eq!(
        origins.original("/components/schemas/Thing/properties/a"),
        "/definitions/Thing/properties/a"
    );
    assert_eq!(
        origins.original("/paths/~1things~1{id}/put/requestBody/content/application~1json/schema"),
        "/parameters/thing/schema"
    );
    assert_eq!(
        origins.original("/paths/~1things~1{id}/put/parameters/1/schema"),
        "/paths/~1things~1{id}/put/parameters/2"
    );
    assert_eq!(
        origins.original(
            "/paths/~1things~1{id}/put/responses/200/content/application~1json/schema/type"
        ),
        "/paths/~1things~1{id}/put/responses/200/schema/type"
    );
    assert_eq!(origins.original("/servers/0/url"), "/host/url");
}
