import Foundation
import MineFreeCLI

// Only boots: every command lives in MineFreeCLI.
exit(await MineFreeCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
