import { chromium } from '@playwright/test';
const [, , url, out, w, h, actions] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: Number(w ?? 1366), height: Number(h ?? 768) } });
page.on('console', (m) => { if (m.type() === 'error') console.log('CONSOLE', m.text()); });
page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
await page.goto(url);
if (actions) { const fn = new Function('page', `return (async () => { ${actions} })()`); await fn(page); }
await page.screenshot({ path: out });
await browser.close();
