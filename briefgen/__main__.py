from briefgen.cli import main

main(prog_name="briefgen")
