// GraphQL Code Generator: typed documents for the operations in src/client/operations, from the committed SDL.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["src/client/operations/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "src/client/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        emitLegacyCommonJSImports: false,
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTimeISO: "string", JSONObject: "Record<string, unknown>" },
      },
    },
  },
};

export default config;
