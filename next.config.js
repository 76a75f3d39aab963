/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // esbuild finds its native binary next to its package: load it from node_modules, never bundle it.
  serverExternalPackages: ["esbuild"],
};

export default nextConfig;
