using Beacon.Web;

return await BeaconWebApp.RunAsync(args);

/// <summary>The web application's entry point (public so integration tests can host it).</summary>
public partial class Program;
