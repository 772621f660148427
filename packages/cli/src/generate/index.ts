export { type GenerateCommandOptions, runGenerate } from './command.ts';
export { type GenerateOptions, type GenerateProgress, type GenerateResult, generate } from './generate.ts';
export { ClientFactory, type GenClient, type GenWorld, planWorld } from './world.ts';
