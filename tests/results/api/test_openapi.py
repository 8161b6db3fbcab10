"""The OpenAPI schema the application serves is valid and describes every endpoint."""

from openapi_spec_validator import validate

from tests.results.api.test_endpoints import ENDPOINTS


def test_the_schema_is_valid_openapi_and_public(client, db):
    answer = client.get("/api/openapi.json")
    assert answer.status_code == 200
    schema = answer.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_the_schema_lists_every_endpoint_as_read_only(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path, _scope in ENDPOINTS:
        template = (
            path.replace("/2031/", "/{edition}/")
            .replace("/general/", "/{module}/")
            .replace("responses.csv", "responses.{fmt}")
        )
        assert template in paths, template
    assert {method for operations in paths.values() for method in operations} == {"get"}


def test_the_docs_page_loads_its_assets_from_our_static_files(client, db):
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page
    assert "<script>" not in page.replace('<script type="application/json"', "")
