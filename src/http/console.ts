// Serves the web console at `/` and GraphiQL at `/graphiql` from the assets the build put in dist/public (no CDN).
import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Express, type NextFunction, type Request, type Response } from "express";

/** dist/public beside the compiled server, or the repository's dist/public when running from src (tests, tsx). */
export function publicDirectory(): string | null {
  const here = import.meta.dirname;
  for (const candidate of [path.resolve(here, "../public"), path.resolve(here, "../../dist/public")]) {
    if (existsSync(path.join(candidate, "index.html"))) return candidate;
  }
  return null;
}

export function mountConsole(app: Express): void {
  const directory = publicDirectory();
  // A browser that opens the GraphQL URL gets the IDE; API clients (POST, or GET with a query) get the API.
  app.get("/graphql", (request: Request, response: Response, next: NextFunction) => {
    if (request.query.query === undefined && request.accepts(["application/json", "text/html"]) === "text/html") return response.redirect(302, "/graphiql");
    next();
  });
  // `/` is shared with Magnum's REST face (src/rest/): browsers get the console, API clients (Magnum's version
  // discovery, curl's */*) get the version document.
  const browser = (request: Request) => request.accepts(["application/json", "text/html"]) === "text/html";
  if (!directory) {
    const notBuilt = (_request: Request, response: Response) => {
      response.status(503).type("text/plain").send("The web console is not built: run npm run build (npm start does it when needed).\n");
    };
    app.get("/", (request: Request, response: Response, next: NextFunction) => (browser(request) ? notBuilt(request, response) : next()));
    app.get("/graphiql", notBuilt);
    return;
  }
  app.get("/", (request: Request, response: Response, next: NextFunction) => (browser(request) ? response.sendFile(path.join(directory, "index.html")) : next()));
  app.get("/graphiql", (_request, response) => response.sendFile(path.join(directory, "graphiql.html")));
  app.use(express.static(directory, { index: false, maxAge: "5m" }));
}
