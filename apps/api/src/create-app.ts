import { ValidationPipe, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { NextFunction, Request, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module';
import { DomainException } from './common/errors/domain.exception';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './common/http/json-depth';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { AppConfig } from './config/app-config';
import { MetricsService } from './metrics/metrics.service';
import { buildOpenApiDocument } from './openapi';

export interface CreateAppOptions {
  /** Build the module graph without instantiating providers (no database): for generating docs. */
  preview?: boolean;
  /** Keep Nest's own console logger quiet (tests). */
  quiet?: boolean;
}

/** Builds the configured application; `main.ts` and the tests use the same wiring. */
export async function createApp(config: AppConfig, databaseUrl: string, options: CreateAppOptions = {}) {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, databaseUrl), {
    bufferLogs: true,
    bodyParser: false,
    preview: options.preview,
    abortOnError: false,
    logger: options.quiet ? false : undefined,
  });
  configureApp(app, config, options);
  return app;
}

export function configureApp(app: NestExpressApplication, config: AppConfig, options: CreateAppOptions = {}) {
  if (!options.preview) app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  if (!options.preview) recordHttpLatency(app, app.get(MetricsService));
  registerBodyParsers(app);
  app.setGlobalPrefix('api');
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter());

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'ReelMeter API',
  });

  serveSpa(app, config.webDistDir);
}

/** Observes every response's latency under its route pattern (not the raw URL: bounded labels). */
function recordHttpLatency(app: NestExpressApplication, metrics: MetricsService) {
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? (req.path.startsWith('/api') ? 'unmatched' : 'spa');
      end({ route, status: String(res.statusCode) });
    });
    next();
  });
}

/**
 * JSON and form bodies (payment gateways post forms), keeping the raw bytes on `req.rawBody`
 * because gateway signatures are computed over them. Parse failures become MALFORMED_JSON; JSON
 * nested deeper than MAX_JSON_DEPTH is refused before validation could overflow the stack on it.
 */
function registerBodyParsers(app: NestExpressApplication) {
  const keepRaw = (req: IncomingMessage, _res: unknown, buf: Buffer) => {
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = buf;
  };
  const keepRawJson = (req: IncomingMessage, res: unknown, buf: Buffer) => {
    if (jsonNestsDeeperThan(buf, MAX_JSON_DEPTH))
      throw Object.assign(new Error('JSON nested too deeply'), { type: 'entity.too.deep' });
    keepRaw(req, res, buf);
  };
  app.use(express.json({ limit: '100kb', verify: keepRawJson }));
  app.use(express.urlencoded({ extended: false, limit: '100kb', verify: keepRaw }));
  app.use((error: { type?: string }, _req: Request, _res: Response, next: NextFunction) => {
    if (error?.type === 'entity.parse.failed') {
      return next(new DomainException('MALFORMED_JSON', 'The request body is not valid JSON'));
    }
    if (error?.type === 'entity.too.deep') {
      return next(
        new DomainException('VALIDATION_FAILED', `The request body nests deeper than ${MAX_JSON_DEPTH} levels`, {
          maxDepth: MAX_JSON_DEPTH,
        }),
      );
    }
    next(error);
  });
}

/** Serves the built SPA on the same port; any non-API GET falls back to index.html (client routing). */
function serveSpa(app: NestExpressApplication, dir: string) {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return;
  app.useStaticAssets(dir, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
