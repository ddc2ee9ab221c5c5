namespace Vrm.Cli;

public static class EntryPoint
{
    public static int Main(string[] args) => Cli.Run(args, Console.Out, Console.Error);
}
