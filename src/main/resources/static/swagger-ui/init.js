// Swagger UI on the service's own OpenAPI document. "Authorize" takes the x-auth-token; it is kept
// in this page only (not stored), and sent with every "Try it out" call.
window.ui = SwaggerUIBundle({
  url: '/v3/api-docs',
  dom_id: '#swagger-ui',
  deepLinking: true,
  tryItOutEnabled: false,
  persistAuthorization: false,
  // No validator badge: it would call validator.swagger.io, which the page must never need.
  validatorUrl: null,
});
