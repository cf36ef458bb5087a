// Preloaded into every local function process, which the stack starts with an IPC channel: when the
// stack dies (even by SIGKILL) the channel closes, so its functions end too instead of lingering on
// their ports. The channel alone keeps nothing alive.
process.channel?.unref();
process.on('disconnect', () => process.exit(0));
