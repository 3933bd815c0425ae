using Beacon.Cli;

return await BeaconCli.RunAsync(args, Console.Out, Console.Error);
