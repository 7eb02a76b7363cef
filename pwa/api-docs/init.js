// Starts Swagger UI on the server's own OpenAPI document. A file of its own, not an inline
// script, because the Content-Security-Policy allows scripts from this origin only.
window.addEventListener("DOMContentLoaded", () => {
  window.ui = window.SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null, // no badge fetched from an outside validator
    tryItOutEnabled: false,
    persistAuthorization: false,
  });
});
