try < error("first") > catch e < error("second") >
