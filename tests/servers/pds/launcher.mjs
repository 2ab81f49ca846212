// Starts the Bluesky reference PDS (@atproto/pds) and an in-memory PLC directory
// (@did-plc/server) on 127.0.0.1 for the test suite, then prints one JSON line:
//   {"pds": "http://localhost:PORT", "plc": "http://localhost:PORT", "admin_password": "...",
//    "jwt_secret": "..."}
// once /xrpc/_health answers. The secrets are random per run and exist so tests can act as
// the operator (mint an expired token to see the real ExpiredToken answer). It stops cleanly on SIGTERM/SIGINT or when stdin closes (the
// parent test process died), so a crashed pytest never leaves a PDS behind.
//
// Usage: node launcher.mjs APP_DIR DATA_DIR
//   APP_DIR   the folder whose node_modules hold the PDS (tests/servers/setup: .cache/pds/app)
//   DATA_DIR  an empty folder for this run (identities vanish with the in-memory PLC, so the
//             PDS data must be fresh every run too)
//
// Why the monkey-patches below: both servers call listen(port) on every interface, and the
// PDS resolves the PLC URL by host NAME (its SSRF-safe fetch rejects IP literals), so
// `localhost` must resolve to 127.0.0.1. Nothing here ever binds or dials another address.
import crypto from 'node:crypto'
import dns from 'node:dns'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

const HOST = '127.0.0.1'
const [appDir, dataDir] = process.argv.slice(2)
if (!appDir || !dataDir) {
  console.error('usage: node launcher.mjs APP_DIR DATA_DIR')
  process.exit(2)
}

dns.setDefaultResultOrder('ipv4first')
const listen = http.Server.prototype.listen
http.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'object' && args[0] !== null) {
    args[0] = { ...args[0], host: HOST }
  } else if (args[0] === undefined || typeof args[0] !== 'string' || /^\d+$/.test(args[0])) {
    const port = args.shift() ?? 0
    if (typeof args[0] === 'string') args.shift() // a host given by the caller: ours wins
    args.unshift(port, HOST)
  }
  return listen.apply(this, args)
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = http.createServer()
    s.once('error', reject)
    listen.call(s, 0, HOST, () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

const requireApp = createRequire(path.join(path.resolve(appDir), 'package.json'))
const load = async (name) => import(pathToFileURL(requireApp.resolve(name)).href)

async function main() {
  const plcMod = await load('@did-plc/server')
  const { PlcServer, Database } = plcMod.default?.PlcServer ? plcMod.default : plcMod
  const plc = PlcServer.create({ db: Database.mock(), port: 0 })
  const plcHttp = await plc.start()
  const plcUrl = `http://localhost:${plcHttp.address().port}`

  const data = path.resolve(dataDir)
  fs.mkdirSync(path.join(data, 'blobs'), { recursive: true })
  const port = await freePort()
  const adminPassword = crypto.randomBytes(16).toString('hex')
  const jwtSecret = crypto.randomBytes(32).toString('hex')
  Object.assign(process.env, {
    PDS_HOSTNAME: 'localhost',
    PDS_PORT: String(port),
    PDS_DEV_MODE: 'true', // plain http on localhost
    PDS_DATA_DIRECTORY: data,
    PDS_BLOBSTORE_DISK_LOCATION: path.join(data, 'blobs'),
    PDS_DID_PLC_URL: plcUrl, // the default is the public directory: never use it
    PDS_JWT_SECRET: jwtSecret,
    PDS_ADMIN_PASSWORD: adminPassword,
    PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: crypto.randomBytes(32).toString('hex'),
    PDS_INVITE_REQUIRED: 'false',
    // The real per-route limits (createSession: 30 per 5 minutes per identifier), in memory.
    PDS_RATE_LIMITS_ENABLED: 'true',
    PDS_BLOB_UPLOAD_LIMIT: process.env.STUDIO_PDS_BLOB_LIMIT || String(5 * 1024 * 1024),
  })
  for (const key of ['PDS_CRAWLERS', 'PDS_BSKY_APP_VIEW_URL', 'PDS_REPORT_SERVICE_URL']) {
    delete process.env[key]
  }
  const { PDS, readEnv } = await load('@atproto/pds')
  const pds = await PDS.fromEnv(readEnv())
  await pds.start()
  const pdsUrl = `http://localhost:${port}`

  let stopping = false
  const stop = async (code) => {
    if (stopping) return
    stopping = true
    const force = setTimeout(() => process.exit(code), 5000)
    force.unref()
    try {
      await pds.destroy()
      await plc.destroy()
    } finally {
      process.exit(code)
    }
  }
  process.on('SIGTERM', () => stop(0))
  process.on('SIGINT', () => stop(0))
  process.stdin.on('end', () => stop(0))
  process.stdin.on('error', () => stop(0))
  process.stdin.resume()

  let healthy = false
  for (let i = 0; i < 200 && !healthy; i++) {
    try {
      healthy = (await fetch(`${pdsUrl}/xrpc/_health`)).ok
    } catch {
      // not listening yet
    }
    if (!healthy) await new Promise((r) => setTimeout(r, 50))
  }
  if (!healthy) throw new Error(`the PDS at ${pdsUrl} did not answer /xrpc/_health in 10 s`)
  const info = { pds: pdsUrl, plc: plcUrl, admin_password: adminPassword, jwt_secret: jwtSecret }
  process.stdout.write(JSON.stringify(info) + '\n')
}

main().catch((err) => {
  console.error(`launcher: ${err?.stack || err}`)
  process.exit(1)
})
