import DJS
print("djs \(DJSLanguage.version)")
