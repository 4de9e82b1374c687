#!/usr/bin/env node
// Builds a .deb from an electron-builder `--linux --dir` folder with Debian's own dpkg-deb, in
// the layout electron-builder's deb target produces (electron-builder.ts): the app in
// /opt/Tessera, the desktop entry with the otpauth scheme handlers, hicolor icons, the docs in
// /usr/share/doc/tessera (nothing in /etc: no conffiles), and the post-install/remove scripts
// from resources/linux that put `tessera` on PATH. The release builds its .deb with
// electron-builder (fpm); this one exists so the packaging check can install a real package here.
//
//   node scripts/package-deb.mjs --app dist/linux-unpacked --out dist/tessera.deb [--fast]
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tsImport } from 'tsx/esm/api'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))

/** electron-builder.ts and the identity it reads, loaded from TypeScript. */
export async function loadBuilderConfig() {
  const mod = await tsImport(join(root, 'electron-builder.ts'), import.meta.url)
  const identity = await tsImport(join(root, 'src/shared/app-identity.ts'), import.meta.url)
  return { config: mod.default, linuxDocFiles: mod.linuxDocFiles, identity }
}

/** Fills electron-builder's `${name}` template variables the way its Linux targets do. */
export function fillTemplate(text, vars) {
  return text.replace(/\$\{(\w+)\}/g, (m, k) => (k in vars ? vars[k] : m))
}

/** The freedesktop entry electron-builder writes for deb/rpm, from the config's linux section. */
export function desktopEntry(config, identity) {
  const linux = config.linux
  const exe = linux.executableName
  const entry = {
    Name: identity.PRODUCT_NAME,
    Exec: `/opt/${identity.PRODUCT_NAME}/${exe} %U`,
    Terminal: 'false',
    Type: 'Application',
    Icon: exe,
    StartupWMClass: identity.APP_ID,
    ...linux.desktop.entry,
    Comment: linux.description,
    MimeType: linux.mimeTypes.map((m) => `${m};`).join('')
  }
  return (
    '[Desktop Entry]\n' +
    Object.entries(entry)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') +
    '\n'
  )
}

function du(dir) {
  let bytes = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) bytes += du(p)
    else if (e.isFile()) bytes += statSync(p).size
  }
  return bytes
}

function debArch() {
  return { x64: 'amd64', arm64: 'arm64', ia32: 'i386', arm: 'armhf' }[process.arch] ?? process.arch
}

/** Builds the package; returns its path and what went into it. */
export async function buildDeb({ app, out, fast = false }) {
  const { config, linuxDocFiles, identity } = await loadBuilderConfig()
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const name = identity.CLI_NAME
  const product = identity.PRODUCT_NAME
  const stage = `${out}.stage`
  rmSync(stage, { recursive: true, force: true })

  const opt = join(stage, 'opt', product)
  mkdirSync(dirname(opt), { recursive: true })
  cpSync(app, opt, { recursive: true, verbatimSymlinks: true })

  const apps = join(stage, 'usr/share/applications')
  mkdirSync(apps, { recursive: true })
  writeFileSync(join(apps, identity.DESKTOP_FILE_NAME), desktopEntry(config, identity))

  const iconDir = join(root, config.linux.icon)
  for (const f of readdirSync(iconDir).filter((f) => /^\d+x\d+\.png$/.test(f))) {
    const size = f.replace('.png', '')
    const dest = join(stage, 'usr/share/icons/hicolor', size, 'apps')
    mkdirSync(dest, { recursive: true })
    cpSync(join(iconDir, f), join(dest, `${config.linux.executableName}.png`))
  }

  for (const [from, to] of linuxDocFiles(root)) {
    cpSync(join(root, from), join(stage, to), { recursive: true })
  }
  const docDir = join(stage, 'usr/share/doc', name)
  mkdirSync(docDir, { recursive: true })
  writeFileSync(
    join(docDir, 'copyright'),
    `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: ${product}\n\nFiles: *\nCopyright: ${config.copyright}\nLicense: see the project repository\n`
  )

  const vars = { executable: config.linux.executableName, sanitizedProductName: product }
  const debian = join(stage, 'DEBIAN')
  mkdirSync(debian, { recursive: true })
  for (const [script, src] of [
    ['postinst', config.deb.afterInstall],
    ['postrm', config.deb.afterRemove]
  ]) {
    writeFileSync(join(debian, script), fillTemplate(readFileSync(join(root, src), 'utf8'), vars))
    chmodSync(join(debian, script), 0o755)
  }
  const description = config.linux.description
    .match(/.{1,78}(\s|$)/g)
    .map((l) => ` ${l.trim()}`)
    .join('\n')
  const control = [
    `Package: ${name}`,
    `Version: ${pkg.version}`,
    `Architecture: ${debArch()}`,
    `Maintainer: ${config.linux.maintainer}`,
    `Installed-Size: ${Math.ceil(du(stage) / 1024)}`,
    `Depends: ${config.deb.depends.join(', ')}`,
    `Recommends: ${config.deb.recommends.join(', ')}`,
    'Section: utils',
    'Priority: optional',
    `Description: ${config.linux.synopsis}`,
    description
  ].join('\n')
  writeFileSync(join(debian, 'control'), control + '\n')

  mkdirSync(dirname(out), { recursive: true })
  const compression = fast ? ['-Zgzip', '-z1'] : ['-Zxz']
  execFileSync('dpkg-deb', ['--root-owner-group', ...compression, '--build', stage, out], {
    stdio: ['ignore', 'ignore', 'inherit']
  })
  const files = execFileSync('dpkg-deb', ['--contents', out], { encoding: 'utf8' })
  rmSync(stage, { recursive: true, force: true })
  return { deb: out, listing: files, vars }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (k, d) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d)
  const app = resolve(arg('--app', join(root, 'dist', 'linux-unpacked')))
  if (!existsSync(app)) {
    console.error(`${relative(root, app)} does not exist: run electron-builder --linux --dir first`)
    process.exit(2)
  }
  const out = resolve(arg('--out', join(root, 'dist', 'tessera.deb')))
  const r = await buildDeb({ app, out, fast: process.argv.includes('--fast') })
  console.log(`built ${relative(root, r.deb)} (${(statSync(r.deb).size / 1048576).toFixed(1)} MiB)`)
}
