// Loaded before every test file: type-graphql needs the Reflect metadata API.
import "reflect-metadata";
