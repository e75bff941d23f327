/** `genesys-etl sandbox`: serves the sandbox org standalone until interrupted (and writes its billing file on request). */
import { loadScenario, startSandbox, writeBillingFile } from '../../sandbox/index.ts';

export async function serveSandbox(options: {
  scenario: string;
  port: number;
  billingFile?: string | undefined;
}): Promise<void> {
  const scenario = await loadScenario(options.scenario);
  if (options.billingFile !== undefined) {
    const file = await writeBillingFile(scenario, options.billingFile);
    process.stdout.write(
      `Billing file: ${options.billingFile} (${file.lines.length} lines; load it with genesys-etl load-billing)\n`,
    );
  }
  const sandbox = await startSandbox({ scenario, port: options.port });
  process.stdout.write(
    [
      `Sandbox "${scenario.name}" on ${sandbox.url}`,
      `  token:  POST ${sandbox.url}/login/oauth/token  (Basic ${sandbox.clientId}:${sandbox.clientSecret}, grant_type=client_credentials)`,
      `  API:    ${sandbox.url}/gc/api/v2/...`,
      '  SDK:    client.setGateway({ host: "127.0.0.1", protocol: "http", port: ' +
        `${sandbox.port}, path_params_login: "login", path_params_api: "gc" })`,
      `  ETL:    GENESYS_GATEWAY_URL=${sandbox.url} GENESYS_CLIENT_ID=${sandbox.clientId} GENESYS_CLIENT_SECRET=${sandbox.clientSecret}`,
      'Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      void sandbox.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
