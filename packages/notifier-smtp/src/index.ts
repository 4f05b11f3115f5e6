export * from './smtp-notifier';
