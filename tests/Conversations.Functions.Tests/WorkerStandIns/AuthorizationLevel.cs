// TEST-ONLY copy of the public surface of Microsoft.Azure.Functions.Worker.AuthorizationLevel
// (Worker.Extensions.Http); it must match the real enum value for value (see README.md here).
namespace Microsoft.Azure.Functions.Worker;

public enum AuthorizationLevel
{
    Anonymous = 0,
    User = 1,
    Function = 2,
    System = 3,
    Admin = 4,
}
