document.write("<p>Shared by a script</p>");
