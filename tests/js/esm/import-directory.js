// import() of a directory from CommonJS, unhandled: Node's hint and the URL.
import("./fixtures/dir");
