import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document, generated from the controllers' decorators (committed as docs/openapi.json). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('ReelMeter API')
    .setDescription(
      'Credits, payments and AI video generation. Errors always have the shape ' +
        '`{ statusCode, code, message, details? }`. Mutating requests accept an `Idempotency-Key` header.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from /auth/login' })
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'rm_live_…',
        description:
          'API key (`Authorization: Bearer rm_live_…`), accepted on the routes that list this scheme. Keyed responses ' +
          'carry X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (seconds); 429 carries Retry-After.',
      },
      'apiKey',
    )
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
}

export function serializeOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
