// TEST-ONLY stand-in for Microsoft.Azure.Functions.Worker.AuthorizationLevel (see README.md here).
namespace Microsoft.Azure.Functions.Worker;

public enum AuthorizationLevel
{
    Anonymous = 0,
    User = 1,
    Function = 2,
    System = 3,
    Admin = 4,
}
