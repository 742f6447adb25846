// API docs from the vendored Swagger UI (no CDN): reads this server's own OpenAPI description.
"use strict";
window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  validatorUrl: null,
  deepLinking: true,
});
