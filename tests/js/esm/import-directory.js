// import() of a directory from CommonJS, unhandled: Node's hint and the URL.
import("./fixtures/dir");
setTimeout(() => console.log("never printed"), 50);
