// `turnkey`: the command line for automation, on the typed client and the public GraphQL API only.
import { Command, CommanderError, Option } from "commander";
import { CliContext, CliFailure, EXIT, TurnkeyError, type GlobalOptions } from "./context.js";
import { caCommands, clusterCommands, nodeGroupCommands, operationCommands, templateCommands, tenancyCommands } from "./commands.js";

export async function runCli(argv: string[]): Promise<number> {
  const program = new Command("turnkey")
    .description("Turnkey container clusters from the command line (flags follow `openstack coe`)")
    .addOption(new Option("--url <url>", "the server's URL (…/graphql or its origin)").env("TURNKEY_URL").default("http://127.0.0.1:4000"))
    .addOption(new Option("--token <token>", "API token (default: .turnkey/admin-token of a server started here)").env("TURNKEY_TOKEN"))
    .addOption(new Option("-o, --output <format>", "table, json or yaml").choices(["table", "json", "yaml"]).default("table"))
    .showHelpAfterError()
    .exitOverride();
  let exitCode: number = EXIT.ok;
  const run =
    (action: (context: CliContext, ...args: never[]) => Promise<void>) =>
    async (...args: unknown[]): Promise<void> => {
      const context = new CliContext(program.opts<GlobalOptions>());
      try {
        await action(context, ...(args as never[]));
      } catch (error) {
        exitCode = report(error);
      } finally {
        await context.close();
      }
    };
  templateCommands(program, run);
  clusterCommands(program, run);
  nodeGroupCommands(program, run);
  caCommands(program, run);
  operationCommands(program, run);
  tenancyCommands(program, run);
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return report(error);
  }
  return exitCode;
}

function report(error: unknown): number {
  if (error instanceof CliFailure) {
    process.stderr.write(`turnkey: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof TurnkeyError) {
    const codes = error.errors.map((entry) => entry.extensions?.code).filter(Boolean);
    process.stderr.write(`turnkey: ${codes.length ? `${codes[0]}: ` : ""}${error.message}\n`);
    return error.errors.length === 0 && error.status === undefined ? EXIT.unreachable : EXIT.failed;
  }
  process.stderr.write(`turnkey: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT.failed;
}

// `turnkey events … | head`: a closed pipe ends the command quietly, as it does for other Unix tools.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(EXIT.ok);
  throw error;
});

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli(process.argv.slice(2));
}
