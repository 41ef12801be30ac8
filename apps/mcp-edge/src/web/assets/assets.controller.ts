import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ConsoleHttp } from '../http/console-http';
import { CONSOLE_CSS } from './console-css';
import { CONSOLE_SCRIPT } from './console-script';

const ASSETS: Record<string, { type: string; body: string }> = {
  'console.css': { type: 'text/css; charset=utf-8', body: CONSOLE_CSS },
  'console.js': { type: 'text/javascript; charset=utf-8', body: CONSOLE_SCRIPT },
  // Browsers ask for an icon whatever the page says; one of ours keeps that from being a 404.
  'favicon.svg': {
    type: 'image/svg+xml',
    body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b5cad"/></svg>',
  },
};

/** The stylesheet and the script, from memory: the image carries only compiled code. */
@Controller('ui/assets')
export class AssetsController {
  constructor(private readonly http: ConsoleHttp) {}

  @Get(':file')
  serve(@Param('file') file: string, @Req() request: Request, @Res() response: Response): void {
    if (!this.http.guard(request, response)) return;
    const asset = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!asset) {
      response.status(404).type('text/plain').send('no such asset');
      return;
    }
    // Page links carry ?v=<version>, so a long cache never serves a stale copy.
    response.set({ 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=86400' }).send(asset.body);
  }
}
