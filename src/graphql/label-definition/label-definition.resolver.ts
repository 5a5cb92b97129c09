// labelDefinitions: the typed label catalogue, so portals can build label forms and validate before sending.
import { Arg, Ctx, Field, Float, ObjectType, Query, Resolver, registerEnumType } from "type-graphql";
import { LABEL_CATALOGUE, LABEL_KINDS, type LabelDefinition, type LabelKind as LabelKindValue } from "../../domain/label-catalogue.js";
import { allowed } from "../../domain/policy/index.js";
import type { GraphQLContext } from "../context.js";
import { topLevelError } from "../errors.js";

const LabelKind = Object.fromEntries(LABEL_KINDS.map((kind) => [kind, kind])) as { [Kind in LabelKindValue]: Kind };
registerEnumType(LabelKind, { name: "LabelKind", description: "How a known label's value is checked." });

@ObjectType("LabelDefinition", { description: "A label Turnkey knows: Magnum's documented labels (user guide, Magnum 21.0.1) and the simulated driver's fault injection." })
export class LabelDefinitionObject {
  @Field(() => String) key!: string;
  @Field(() => LabelKind) kind!: LabelKindValue;
  @Field(() => String) description!: string;
  @Field(() => String, { nullable: true, description: "Magnum's documented default; null when it depends on the release or driver." }) defaultValue!: string | null;
  @Field(() => [String], { nullable: true, description: "For ENUM labels: the values accepted." }) allowedValues!: string[] | null;
  @Field(() => Float, { nullable: true }) minimum!: number | null;
  @Field(() => Float, { nullable: true }) maximum!: number | null;
  @Field(() => String, { description: '"magnum" or "turnkey.sim" (fault injection of the simulated driver).' }) source!: string;
}

function definitionObject(definition: LabelDefinition): LabelDefinitionObject {
  return Object.assign(new LabelDefinitionObject(), {
    ...definition,
    allowedValues: definition.allowedValues ?? null,
    minimum: definition.minimum ?? null,
    maximum: definition.maximum ?? null,
  });
}

@Resolver()
export class LabelDefinitionResolver {
  @Query(() => [LabelDefinitionObject], { description: "The labels validated on templates, clusters and node groups; any other key passes through unchecked." })
  labelDefinitions(@Arg("source", () => String, { nullable: true, description: 'Only "magnum" or only "turnkey.sim".' }) source: string | null, @Ctx() context: GraphQLContext) {
    if (!allowed(context.principal, "labelDefinition", "read", { projectId: null })) throw topLevelError("FORBIDDEN", "reading label definitions needs an authenticated caller");
    return LABEL_CATALOGUE.filter((definition) => !source || definition.source === source).map(definitionObject);
  }
}
