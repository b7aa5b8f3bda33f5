from briefgen.cli.main import main

main(prog_name="briefgen")
