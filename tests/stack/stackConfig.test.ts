/** @jest-environment node */
/*
 * Structure of the demo stack (docker-compose.yaml, stack/, provisioning/, the Grafana Dockerfile)
 * checked against the repository: what compose mounts exists, services talk to each other on the
 * ports they listen on, Grafana allows exactly our unsigned plugin ids, and the image build copies
 * what the bundle build needs. The configs themselves run in real binaries in the other tests here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'glob';
import { parse } from 'yaml';
import { bindMounts, flagValue, loadCompose, publishedContainerPorts, REPO_ROOT, service } from './composeFile';
import { copyInstructions, inBuildContext, parseDockerfile } from './dockerfile';

const compose = loadCompose();
const repo = (...p: string[]) => path.join(REPO_ROOT, ...p);
const readYaml = (file: string) => parse(readFileSync(file, 'utf8'));
const packageJson = JSON.parse(readFileSync(repo('package.json'), 'utf8'));

const pluginJsons = globSync('src/**/plugin.json', { cwd: REPO_ROOT }).map((f) =>
  JSON.parse(readFileSync(repo(f), 'utf8'))
);
const pluginIdOfType = (type: string) => pluginJsons.filter((p) => p.type === type).map((p) => p.id);

const grafanaDockerfile = readFileSync(repo('stack/grafana/Dockerfile'), 'utf8');
const instructions = parseDockerfile(grafanaDockerfile);
const fromImages = instructions.filter((i) => i.op === 'FROM').map((i) => i.args.split(/\s+/)[0]);

/** `${VAR:-default}` → default, as Tempo's -config.expand-env does without VAR. */
const envDefault = (v: string) => v.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

describe('docker-compose.yaml', () => {
  it('has the five demo services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['agent', 'grafana', 'loki', 'prometheus', 'tempo']);
  });

  it('pins every image to an exact version (compose images and Dockerfile stages)', () => {
    const images = [...Object.values(compose.services).flatMap((s) => (s.image ? [s.image] : [])), ...fromImages];
    expect(images).toEqual(
      expect.arrayContaining([
        'prom/prometheus:v3.16.0',
        'grafana/tempo:3.0.3',
        'grafana/loki:3.7.6',
        'grafana/grafana:13.2.2',
      ])
    );
    for (const image of images) {
      expect(image).toMatch(/^[\w./-]+:v?\d+\.\d+\.\d+(-[\w.]+)?$/);
    }
  });

  it('runs the Grafana version the bundle is built against (@grafana/* in package.json)', () => {
    const grafana = fromImages.find((i) => i.startsWith('grafana/grafana:'))!;
    expect(grafana.split(':')[1]).toBe(packageJson.dependencies['@grafana/data']);
    expect(packageJson.dependencies['@grafana/runtime']).toBe(packageJson.dependencies['@grafana/data']);
  });

  it('bind-mounts only paths that exist in the repository, read-only', () => {
    const mounts = Object.values(compose.services).flatMap((s) => bindMounts(s));
    expect(mounts).toHaveLength(6);
    for (const m of mounts) {
      expect({ host: path.relative(REPO_ROOT, m.host), exists: existsSync(m.host), readOnly: m.readOnly }).toEqual({
        host: path.relative(REPO_ROOT, m.host),
        exists: true,
        readOnly: true,
      });
    }
  });

  it('mounts provisioning, dashboards, Prometheus config and rules, the Tempo and Loki configs where they are read', () => {
    const mounted = (name: string) =>
      Object.fromEntries(
        bindMounts(service(compose, name)).map((m) => [m.container, path.relative(REPO_ROOT, m.host)])
      );
    expect(mounted('grafana')).toEqual({
      '/etc/grafana/provisioning': 'provisioning',
      '/var/lib/grafana/dashboards': 'dashboards',
    });
    const prometheus = service(compose, 'prometheus');
    expect(mounted('prometheus')).toEqual({
      [flagValue(prometheus.command!, '--config.file')!]: 'stack/prometheus/prometheus.yml',
      '/etc/prometheus/rules': 'stack/prometheus/rules',
    });
    const tempo = service(compose, 'tempo');
    expect(mounted('tempo')).toEqual({ [flagValue(tempo.command!, '-config.file')!]: 'stack/tempo/tempo.yaml' });
    const loki = service(compose, 'loki');
    expect(mounted('loki')).toEqual({ [flagValue(loki.command!, '-config.file')!]: 'stack/loki/loki.yaml' });
    // No volume over the data folder: it would hide the plugin bundle baked into the image.
    expect(mounted('grafana')['/var/lib/grafana']).toBeUndefined();
  });

  it('points dashboard providers at the folder compose mounts the dashboards into', () => {
    const files = globSync('provisioning/dashboards/*.{yaml,yml}', { cwd: REPO_ROOT });
    const grafanaMounts = bindMounts(service(compose, 'grafana'));
    for (const f of files) {
      for (const provider of readYaml(repo(f)).providers ?? []) {
        const p: string = provider.options.path;
        const mount = grafanaMounts.find((m) => p === m.container || p.startsWith(m.container + '/'));
        expect({ file: f, path: p, mounted: Boolean(mount) }).toEqual({ file: f, path: p, mounted: true });
        expect(existsSync(mount!.host + p.slice(mount!.container.length))).toBe(true);
      }
    }
  });

  it('allows exactly the plugin ids of src/**/plugin.json to load unsigned', () => {
    const allowed = service(compose, 'grafana').environment!.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS.split(',');
    expect([...allowed].sort()).toEqual(pluginJsons.map((p) => p.id).sort());
    expect(allowed).toEqual(
      expect.arrayContaining(['genaiobs-genai-app', 'genaiobs-genai-datasource', 'genaiobs-spantree-panel'])
    );
  });

  it('gives the demo anonymous Admin access and an admin/admin login', () => {
    expect(service(compose, 'grafana').environment).toMatchObject({
      GF_AUTH_ANONYMOUS_ENABLED: 'true',
      GF_AUTH_ANONYMOUS_ORG_ROLE: 'Admin',
      GF_SECURITY_ADMIN_USER: 'admin',
      GF_SECURITY_ADMIN_PASSWORD: 'admin',
    });
  });

  it('publishes Grafana, Prometheus, Tempo (API and OTLP), Loki and the incident switch', () => {
    const published = Object.fromEntries(
      Object.entries(compose.services).map(([name, s]) => [name, publishedContainerPorts(s)])
    );
    expect(published).toEqual({
      grafana: [3000],
      prometheus: [9090],
      tempo: [3200, 4317, 4318],
      loki: [3100],
      agent: [8080],
    });
    // Host port = container port, so the URLs in the README hold.
    for (const s of Object.values(compose.services)) {
      for (const p of s.ports ?? []) {
        const [host, container] = String(p).split(':');
        expect(host).toBe(container);
      }
    }
  });

  it('health-checks every service with an exec-form command, and starts dependants only once those are healthy', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      expect({ name, form: s.healthcheck?.test[0] }).toEqual({ name, form: 'CMD' });
    }
    const deps = Object.fromEntries(Object.entries(compose.services).map(([n, s]) => [n, s.depends_on ?? {}]));
    expect(Object.keys(deps.agent).sort()).toEqual(['loki', 'prometheus', 'tempo']);
    expect(Object.keys(deps.grafana).sort()).toEqual(['loki', 'prometheus', 'tempo']);
    expect(Object.keys(deps.loki)).toEqual([]);
    expect(Object.keys(deps.tempo)).toEqual(['prometheus']);
    expect(Object.keys(deps.prometheus)).toEqual([]);
    for (const d of Object.values(deps)) {
      for (const [dep, { condition }] of Object.entries(d)) {
        expect({ dep, condition, hasHealthcheck: Boolean(compose.services[dep]?.healthcheck) }).toEqual({
          dep,
          condition: 'service_healthy',
          hasHealthcheck: true,
        });
      }
    }
  });

  it('health checks ask the endpoints the issue names, on the ports the services listen on', () => {
    const test = (name: string) => service(compose, name).healthcheck!.test.join(' ');
    expect(test('prometheus')).toBe('CMD /bin/promtool check ready --url=http://localhost:9090');
    expect(test('tempo')).toBe('CMD /tempo -health -health.url=http://localhost:3200/ready');
    expect(test('loki')).toBe('CMD /usr/bin/loki -health -health.url=http://localhost:3100/ready');
    expect(readYaml(repo('stack/loki/loki.yaml')).server.http_listen_port).toBe(3100);
    expect(test('grafana')).toBe('CMD curl -fsS http://localhost:3000/api/health');
    expect(test('agent')).toContain("fetch('http://127.0.0.1:8080/healthz')");
    const tempoConfig = readYaml(repo('stack/tempo/tempo.yaml'));
    expect(tempoConfig.server.http_listen_port).toBe(3200);
  });
});

describe('wiring between the services', () => {
  const agent = service(compose, 'agent');
  const prometheus = service(compose, 'prometheus');
  const tempoConfig = readYaml(repo('stack/tempo/tempo.yaml'));

  it('the demo agent exports per the team contract', () => {
    expect(agent.build).toEqual({ context: './demo', dockerfile: 'Dockerfile' });
    expect(agent.environment).toMatchObject({
      OTEL_SERVICE_NAME: 'genai-demo-agent',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/v1/traces',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://prometheus:9090/api/v1/otlp/v1/metrics',
      OTEL_METRIC_EXPORT_INTERVAL: '15000',
      OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'cumulative',
    });
    expect(agent.environment!.DEMO_INCIDENT).toBe('${DEMO_INCIDENT:-none}');
  });

  it('agent logs (prompts and completions) go to Loki’s OTLP endpoint, not onto the spans', () => {
    const url = new URL(agent.environment!.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT);
    expect(agent.environment!.OTEL_LOGS_EXPORTER).toBe('otlp');
    expect([url.hostname, url.port, url.pathname]).toEqual([
      'loki',
      String(readYaml(repo('stack/loki/loki.yaml')).server.http_listen_port),
      '/otlp/v1/logs',
    ]);
    expect(agent.environment!.DEMO_LOG_EVENTS_ON_SPANS).toBeUndefined();
  });

  it('agent traces go to the port of Tempo’s OTLP/HTTP receiver', () => {
    const otlpHttp = envDefault(tempoConfig.distributor.receivers.otlp.protocols.http.endpoint);
    expect(otlpHttp).toBe('0.0.0.0:4318');
    expect(new URL(agent.environment!.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT).port).toBe(otlpHttp.split(':')[1]);
    expect(envDefault(tempoConfig.distributor.receivers.otlp.protocols.grpc.endpoint)).toBe('0.0.0.0:4317');
  });

  it('Prometheus accepts what is pushed to it: OTLP from the agent, remote write from Tempo', () => {
    expect(prometheus.command).toEqual(
      expect.arrayContaining(['--web.enable-otlp-receiver', '--web.enable-remote-write-receiver'])
    );
    const remoteWrite = service(compose, 'tempo').environment!.PROMETHEUS_REMOTE_WRITE_URL;
    expect(remoteWrite).toBe('http://prometheus:9090/api/v1/write');
    // The file's own default is the same URL, so the config also works without the variable.
    expect(envDefault(tempoConfig.metrics_generator.storage.remote_write[0].url)).toBe(remoteWrite);
  });

  it('Tempo’s span-metrics carry the GenAI dimensions the dashboards group by', () => {
    const processors = tempoConfig.overrides.defaults.metrics_generator.processors;
    expect(processors).toContain('span-metrics');
    // Tempo 3 removed the local-blocks processor; TraceQL metrics are served by the live-store.
    expect(processors).not.toContain('local-blocks');
    expect(tempoConfig.overrides.defaults.metrics_generator.processor.span_metrics.dimensions).toEqual([
      'gen_ai.provider.name',
      'gen_ai.request.model',
      'gen_ai.operation.name',
      'gen_ai.agent.name',
      'service.version',
      'gen_ai.system',
    ]);
  });

  it('Prometheus promotes service.version and loads every recording/alerting rule file (not the unit tests)', () => {
    const config = readYaml(repo('stack/prometheus/prometheus.yml'));
    expect(config.otlp.promote_resource_attributes).toContain('service.version');
    const rulesMount = bindMounts(prometheus).find((m) => m.container === '/etc/prometheus/rules')!;
    const globs: string[] = config.rule_files;
    const loaded = readdirSync(rulesMount.host).filter((f) =>
      globs.some((g) => path.matchesGlob(path.posix.join(rulesMount.container, f), g))
    );
    const ruleFiles = readdirSync(rulesMount.host).filter((f) => /\.ya?ml$/.test(f) && !f.includes('.test.'));
    expect(loaded.sort()).toEqual(ruleFiles.sort());
    expect(loaded).toContain('genai-cost.rules.yaml');
  });
});

describe('Grafana provisioning', () => {
  const datasourceFiles = globSync('provisioning/datasources/*.{yaml,yml}', { cwd: REPO_ROOT }).sort();
  const datasources = datasourceFiles.flatMap((f) => {
    const doc = readYaml(repo(f));
    expect({ f, apiVersion: doc.apiVersion }).toEqual({ f, apiVersion: 1 });
    return doc.datasources as Array<{ uid: string; type: string; name: string; url?: string; jsonData?: any }>;
  });
  const byUid = Object.fromEntries(datasources.map((d) => [d.uid, d]));

  it('provisions Tempo, Prometheus, Loki and our data source under unique uids and names', () => {
    expect(datasources.map((d) => [d.uid, d.type]).sort()).toEqual(
      [
        ['genai', pluginIdOfType('datasource')[0]],
        ['prometheus', 'prometheus'],
        ['tempo', 'tempo'],
        ['loki', 'loki'],
      ].sort()
    );
    expect(new Set(datasources.map((d) => d.name)).size).toBe(datasources.length);
  });

  it('our data source points at the provisioned Tempo, Prometheus and Loki uids', () => {
    const { tempoDatasourceUid, prometheusDatasourceUid, lokiDatasourceUid } = byUid.genai.jsonData;
    expect(byUid[tempoDatasourceUid]?.type).toBe('tempo');
    expect(byUid[prometheusDatasourceUid]?.type).toBe('prometheus');
    expect(byUid[lokiDatasourceUid]?.type).toBe('loki');
    expect(byUid.loki.url).toBe(`http://loki:${readYaml(repo('stack/loki/loki.yaml')).server.http_listen_port}`);
    expect(
      byUid.loki.jsonData.derivedFields.map((d: { datasourceUid: string }) => byUid[d.datasourceUid]?.type)
    ).toEqual(['tempo']);
  });

  it('Tempo and Prometheus URLs are the compose services on their listening ports', () => {
    expect(byUid.tempo.url).toBe(`http://tempo:${readYaml(repo('stack/tempo/tempo.yaml')).server.http_listen_port}`);
    expect(byUid.prometheus.url).toBe('http://prometheus:9090');
    expect(publishedContainerPorts(service(compose, 'prometheus'))).toContain(9090);
    // Cross links between them use uids that exist.
    for (const uid of [
      byUid.tempo.jsonData.serviceMap.datasourceUid,
      byUid.tempo.jsonData.tracesToMetrics.datasourceUid,
      ...byUid.prometheus.jsonData.exemplarTraceIdDestinations.map((d: { datasourceUid: string }) => d.datasourceUid),
    ]) {
      expect(byUid[uid]).toBeDefined();
    }
  });

  it('puts dashboards and alert rules in one folder, found by title (no folderUid)', () => {
    // Grafana provisions alerting first and creates the rules' folder by title with a random uid;
    // a dashboard provider with a folderUid would not find that folder and create a second one.
    const providers = globSync('provisioning/dashboards/*.{yaml,yml}', { cwd: REPO_ROOT }).flatMap(
      (f) => readYaml(repo(f)).providers ?? []
    );
    const ruleFolders = globSync('provisioning/alerting/*.{yaml,yml}', { cwd: REPO_ROOT }).flatMap((f) =>
      (readYaml(repo(f)).groups ?? []).map((g: { folder: string }) => g.folder)
    );
    expect(providers.length).toBeGreaterThan(0);
    expect(ruleFolders.length).toBeGreaterThan(0);
    for (const provider of providers) {
      expect({ name: provider.name, folderUid: provider.folderUid }).toEqual({
        name: provider.name,
        folderUid: undefined,
      });
    }
    expect(new Set([...providers.map((p) => p.folder), ...ruleFolders])).toEqual(new Set(['GenAI Observability']));
  });

  it('enables our app plugin', () => {
    const apps = globSync('provisioning/plugins/*.{yaml,yml}', { cwd: REPO_ROOT }).flatMap((f) => {
      const doc = readYaml(repo(f));
      expect(doc.apiVersion).toBe(1);
      return doc.apps;
    });
    expect(apps).toEqual([expect.objectContaining({ type: pluginIdOfType('app')[0], disabled: false, org_id: 1 })]);
  });
});

describe('stack/grafana/Dockerfile', () => {
  const copies = copyInstructions(instructions);
  const dockerignore = readFileSync(repo('.dockerignore'), 'utf8');
  const grafana = service(compose, 'grafana');

  it('is the build compose uses for Grafana, with the repository root as context', () => {
    expect(grafana.build).toEqual({ context: '.', dockerfile: 'stack/grafana/Dockerfile' });
    expect(grafana.image).toBeUndefined();
  });

  it('builds in Node 22 (.nvmrc, engines) and runs Grafana from the official image', () => {
    expect(fromImages).toHaveLength(2);
    expect(fromImages[0]).toMatch(new RegExp(`^node:${readFileSync(repo('.nvmrc'), 'utf8').trim()}\\.`));
    expect(packageJson.engines.node).toBe('>=22');
    expect(fromImages[1]).toMatch(/^grafana\/grafana:/);
  });

  it('copies only files that exist and that .dockerignore keeps in the build context', () => {
    const sources = copies.filter((c) => !c.from).flatMap((c) => c.sources);
    expect(sources.length).toBeGreaterThan(5);
    for (const s of sources) {
      expect({ s, exists: existsSync(repo(s)), inContext: inBuildContext(dockerignore, s) }).toEqual({
        s,
        exists: true,
        inContext: true,
      });
      if (statSync(repo(s)).isDirectory()) {
        // node_modules and dist inside copied folders stay out (they are built in the image).
        expect(inBuildContext(dockerignore, `${s}/node_modules/x`)).toBe(false);
      }
    }
    expect(inBuildContext(dockerignore, 'node_modules/react/index.js')).toBe(false);
    expect(inBuildContext(dockerignore, 'dist/module.js')).toBe(false);
    expect(inBuildContext(dockerignore, 'fixtures/otlp/x.json')).toBe(false);
  });

  it('copies what `npm run build` reads: its webpack config, the scaffold it extends, tsconfig, sources, copied files', () => {
    const sources = new Set(copies.filter((c) => !c.from).flatMap((c) => c.sources.map((s) => path.normalize(s))));
    const build: string = packageJson.scripts.build;
    const webpackConfig = path.normalize(/-c\s+(\S+)/.exec(build)![1]);
    const extended = /from '\.\/(\.config)\//.exec(readFileSync(repo(webpackConfig), 'utf8'))![1];
    // Files the webpack configs copy from outside src/ (`from: '../…'`, relative to src/).
    const copiedByWebpack = [webpackConfig, '.config/bundler/copyFiles.ts'].flatMap((f) =>
      [...readFileSync(repo(f), 'utf8').matchAll(/from: '\.\.\/([^'/*]+)/g)].map((m) => m[1])
    );
    expect(copiedByWebpack).toEqual(expect.arrayContaining(['LICENSE', 'CHANGELOG.md']));
    for (const needed of [
      'package.json',
      'package-lock.json',
      webpackConfig,
      extended,
      'tsconfig.json',
      'src',
      ...copiedByWebpack,
    ]) {
      expect({ needed, copied: sources.has(needed) }).toEqual({ needed, copied: true });
    }
  });

  it('installs exactly the locked packages (npm ci) and runs the build script', () => {
    const runs = instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs).toEqual([expect.stringMatching(/^npm ci\b/), 'npm run build']);
    expect(packageJson.scripts.build).toContain('webpack');
  });

  // `npm ci` refuses a lock that lacks the optional native packages of the platform it runs on.
  it.each(['package-lock.json', 'demo/package-lock.json'])('%s holds the native packages of every platform', (lock) => {
    const packages = Object.keys(JSON.parse(readFileSync(repo(lock), 'utf8')).packages);
    const natives = lock.startsWith('demo')
      ? ['@esbuild/linux-x64', '@esbuild/darwin-arm64', '@esbuild/win32-x64']
      : [
          '@swc/core-linux-x64-gnu',
          '@swc/core-linux-arm64-gnu',
          '@swc/core-darwin-arm64',
          '@swc/core-darwin-x64',
          '@swc/core-win32-x64-msvc',
        ];
    for (const name of natives) {
      expect(packages.some((p) => p.endsWith(`node_modules/${name}`))).toBe(true);
    }
  });

  it('puts the built dist/ into Grafana’s plugin folder', () => {
    const workdir = instructions.find((i) => i.op === 'WORKDIR')!.args;
    const bundle = copies.find((c) => c.from)!;
    expect(bundle.sources).toEqual([path.posix.join(workdir, 'dist')]);
    expect(bundle.dest).toBe('/var/lib/grafana/plugins/genai-observability');
  });
});
