/**
 * Baseline server for `bench:gateway`: a bare NestJS 12 + Fastify app with one JSON route and no
 * middleware, guard, logger or validation. Started as a child process by gateway.bench.ts.
 * Env: BARE_PORT (required), listens on 127.0.0.1 only.
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

@Controller()
class HelloController {
  @Get('hello')
  hello() {
    return { hello: 'world' };
  }
}

@Module({ controllers: [HelloController] })
class HelloModule {}

async function main(): Promise<void> {
  const port = Number(process.env.BARE_PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error('BARE_PORT must be set to a port number');
  const app = await NestFactory.create<NestFastifyApplication>(HelloModule, new FastifyAdapter(), { logger: false });
  app.enableShutdownHooks();
  await app.listen(port, '127.0.0.1');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
