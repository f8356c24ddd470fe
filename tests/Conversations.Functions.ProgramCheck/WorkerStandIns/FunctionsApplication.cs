// TEST-ONLY copy of the public surface of Microsoft.Azure.Functions.Worker.Builder.FunctionsApplication
// (Microsoft.Azure.Functions.Worker); see README.md here.
namespace Microsoft.Azure.Functions.Worker.Builder;

#pragma warning disable CA1052 // Static holder types should be static: the real class is not.
public class FunctionsApplication
#pragma warning restore CA1052
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args) => new(args);
}
