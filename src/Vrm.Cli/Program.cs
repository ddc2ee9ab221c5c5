using System.Runtime.InteropServices;

namespace Vrm.Cli;

public static class EntryPoint
{
    public static int Main(string[] args)
    {
        using var interrupt = new CancellationTokenSource();
        // The first Ctrl-C asks the run to stop and print what finished; a second one ends the process at once.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            if (!interrupt.IsCancellationRequested)
            {
                context.Cancel = true;
                interrupt.Cancel();
            }
        });
        return Cli.Run(args, Console.Out, Console.Error, interrupt.Token);
    }
}
