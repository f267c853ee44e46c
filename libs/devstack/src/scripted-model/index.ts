export * from './scripted-model.server';
export * from './scripted-model.types';
export * from './demo-responder';
