// A static export (web/out): `qtp serve --web web/out` serves it at / next to the API at /api, so the
// dashboard has no server-side code and no dynamic route segments (pages take query strings instead).
// trailingSlash writes out/<page>/index.html, which any static file server maps from /<page>/.
/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'export',
  trailingSlash: true,
  images: { unoptimized: true },
  reactStrictMode: true,
  poweredByHeader: false,
};

export default nextConfig;
